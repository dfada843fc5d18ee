#!/usr/bin/env python
import sys

import site_package  # noqa: F401  (must come first: makes site.settings importable)

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
