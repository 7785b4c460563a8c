"""Entry point of one bench script in its own process: `python -m tests.bench.run NAME ARGS`."""

import importlib
import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studio.settings")
    django.setup()
    name, *args = sys.argv[1:]
    importlib.import_module(f"tests.bench.{name}").main(*args)


if __name__ == "__main__":
    main()
