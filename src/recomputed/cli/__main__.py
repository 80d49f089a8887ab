from recomputed.cli import main

raise SystemExit(main())
