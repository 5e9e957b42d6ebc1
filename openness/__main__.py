from openness.launch import main

main()
