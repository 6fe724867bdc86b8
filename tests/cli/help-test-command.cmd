help test
