from openness.schemas import main

main()
