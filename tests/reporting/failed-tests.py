#!/usr/bin/env python3
"""Lists the failed tests of every TRX report under a directory: name, duration, message and the first frames of
the stack trace, at most a screenful per test. Used by dotnet-test.sh after a failed run."""
import glob
import os
import sys
import xml.etree.ElementTree as ElementTree

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MESSAGE_LINES = 12
STACK_LINES = 6


def text(node, path):
    found = node.find(path, NS)
    return found.text.strip() if found is not None and found.text else ""


def main(directory):
    reports = sorted(glob.glob(os.path.join(directory, "**", "*.trx"), recursive=True))
    failed = []
    for report in reports:
        root = ElementTree.parse(report).getroot()
        for result in root.iterfind(".//t:UnitTestResult", NS):
            if result.get("outcome") == "Failed":
                failed.append(result)
    print()
    print(f"=== {len(failed)} failed test(s), from {len(reports)} report(s) in {directory} ===")
    for result in failed:
        print(f"FAILED {result.get('testName')} [{result.get('duration')}]")
        message = text(result, "t:Output/t:ErrorInfo/t:Message").splitlines()
        for line in message[:MESSAGE_LINES]:
            print(f"    {line}")
        if len(message) > MESSAGE_LINES:
            print(f"    ... {len(message) - MESSAGE_LINES} more lines in the report")
        stack = text(result, "t:Output/t:ErrorInfo/t:StackTrace").splitlines()
        for line in stack[:STACK_LINES]:
            print(f"    {line.strip()}")
    print(f"=== end of the failed tests ({len(failed)}) ===")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "artifacts/test-results")
