from openness.cli import main

main()
