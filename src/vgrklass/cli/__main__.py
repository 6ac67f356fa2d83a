"""python -m vgrklass.cli"""

from vgrklass.cli import main

main()
