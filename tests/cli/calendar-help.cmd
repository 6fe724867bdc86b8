calendar --help
