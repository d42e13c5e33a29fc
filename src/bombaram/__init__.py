"""bombaram: information system for a regional social economy ecosystem."""

__version__ = "0.1.0"
