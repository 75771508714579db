"""The `pilotdoc` command. Each command group lives in its own module and registers here."""
