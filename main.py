"""Entry point from a checkout: `python3 main.py` starts the Reader window (installed: `reader-app`)."""
import sys

from reader.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
