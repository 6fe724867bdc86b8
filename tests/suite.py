"""What the Python test scripts share: running the binary, counting checks.

A script calls suite = Suite("area"), then suite.run(...) and
suite.check(name, condition, why); suite.finish() prints "N passed, N
failed" and gives the exit status.  RREGULL names the binary (default
./rregull); -v lists the checks that pass too.
"""
import os
import subprocess
import sys

RR = os.environ.get("RREGULL", "./rregull")


class Suite:
    def __init__(self, area):
        self.area = area
        self.verbose = "-v" in sys.argv
        self.passed = self.failed = 0

    def run(self, *args, stdin=None, env=None):
        p = subprocess.run([RR, *args], input=stdin, capture_output=True, text=True, env=env)
        return p.returncode, p.stdout, p.stderr

    def check(self, name, cond, why=""):
        if cond:
            self.passed += 1
            if self.verbose:
                print(f"ok   {self.area}/{name}")
        else:
            self.failed += 1
            print(f"FAIL {self.area}/{name}")
            for line in str(why).splitlines()[:20]:
                print(f"     {line}")

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0
