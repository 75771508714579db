"""`python -m service.cli` = `pilotdoc`."""

from service.cli.main import main

main()
