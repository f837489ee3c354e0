"""One module per `rls-tutor` subcommand; see rls_tutor/cli.py."""
