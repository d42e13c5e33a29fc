import sys

from bombaram.cli import main

sys.exit(main())
