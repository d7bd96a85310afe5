"""rentrack's domain: records and validation, scoring, CSV, services and the CLI."""

__version__ = "0.1.0"
