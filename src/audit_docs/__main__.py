from audit_docs.cli import main

if __name__ == "__main__":  # a worker started by spawn imports this module again: run nothing
    raise SystemExit(main())
