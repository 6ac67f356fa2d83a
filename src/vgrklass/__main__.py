"""python -m vgrklass"""

from vgrklass.entry import main

main()
