"""``python -m scriptcheck``: the same command line as the ``scriptcheck`` script."""

from scriptcheck.cli import main

if __name__ == "__main__":
    main(prog_name="scriptcheck")
