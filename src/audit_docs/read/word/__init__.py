"""Reading Word forms: the package, WordprocessingML, matching a form definition, ticked choices."""
