"""python -m vgrklass.cli"""

from vgrklass.entry import main

main()
