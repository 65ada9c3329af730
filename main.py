"""Entry point: parse arguments and start the Reader window."""
import sys

from reader.ui.app import run

if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
