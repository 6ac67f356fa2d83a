"""python -m vgrklass"""

from vgrklass.cli import main

main()
