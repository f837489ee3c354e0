"""`python -m rls_tutor` runs the same entry point as the `rls-tutor` command."""

from rls_tutor.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
