from audit_docs.cli import main

raise SystemExit(main())
