from aegis.cli import main

main()
