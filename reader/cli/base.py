"""The root command, how a command reaches its library, and how a run ends (exit codes, errors)."""
from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable, Sequence

import click

from reader.errors import ReaderError

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as `yes | head -1` ends


class Session:
    """What a command gets: the library file, opened on first use and closed when the run ends."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._library = None

    @property
    def library(self):
        if self._library is None:
            from reader.library import Library
            from reader.paths import default_library_path

            self._library = Library(self.path or default_library_path())
        return self._library

    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--library", "library_path", metavar="PATH",
              help="library file (default: READER_LIBRARY, else library.db in your data directory)")
@click.pass_context
def root(ctx: click.Context, library_path: str | None) -> None:
    """Reader: follow people, places and organisations across news articles."""
    session = Session(library_path)
    ctx.obj = session
    ctx.call_on_close(session.close)


def with_library(function: Callable) -> Callable:
    """Give a command the open Library as its first argument."""
    @functools.wraps(function)
    @click.pass_obj
    def wrapper(session: Session, *args, **kwargs):
        return function(session.library, *args, **kwargs)
    return wrapper


def json_option(function: Callable) -> Callable:
    """The --json switch every read command takes (the command gets `as_json`)."""
    return click.option("--json", "as_json", is_flag=True, help="print JSON")(function)


def values_option(function: Callable) -> Callable:
    """The --values switch: numbers and dates too (they are not entities that link across documents)."""
    return click.option("--values", is_flag=True, help="numbers and dates too (each is an entity of its own"
                                                        " document only)")(function)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code. Errors are one line on stderr."""
    try:
        args = list(sys.argv[1:] if argv is None else argv)
        with root.make_context("reader", args) as ctx:  # not root.main(): its own EPIPE handling exits 1
            code = root.invoke(ctx)
        _flush_stdout()
        return code if isinstance(code, int) else 0
    except click.exceptions.Exit as done:  # --help
        return done.exit_code
    except click.ClickException as error:  # a usage error: click says what was wrong
        error.show()
        return error.exit_code
    except click.Abort:
        return 130
    except ReaderError as error:
        print(f"reader: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reader: interrupted; finished documents are kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _stdout_closed()
    except OSError as error:
        if error.errno == errno.EPIPE:
            return _stdout_closed()
        if error.errno == errno.ENOSPC:
            _silence_stdout()
            print("reader: cannot write the output: no space left on the device", file=sys.stderr)
            return 1
        raise


def _flush_stdout() -> None:
    """Write what is buffered now, so that a closed pipe or a full device is seen here."""
    sys.stdout.flush()


def _stdout_closed() -> int:
    """The reader of our output went away (`reader documents | head -1`): end quietly."""
    _silence_stdout()
    return EXIT_BROKEN_PIPE


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
