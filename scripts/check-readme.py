#!/usr/bin/env python3
"""Runs every command README.md shows in a ```text block and compares what it prints.

A block is a transcript: each line that starts with `$ ` is a command (a line ending in `\\`
goes on on the next one), and the lines up to the next command are what it prints, standard
output and standard error together. `echo $?` prints the previous command's status. The files
the README shows with `cat` (`$ cat FILE` followed by its lines) and the Dockerfile and
k8s/app.yaml of the scan section are written to a scratch directory first, and the commands run
there with `registry-names` (the binary given, default target/debug/registry-names) on PATH.

Exit status 0 when every transcript matches, 1 otherwise (each difference is printed).

    python3 scripts/check-readme.py [path/to/registry-names]
"""

import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def blocks(text, lang):
    """The fenced blocks of `lang`, as lists of lines, with the heading they come under (a `#`
    line outside every fenced block: a `# comment` inside one, of any language, is no heading)."""
    out, heading = [], ""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line
        if line.strip().startswith("```"):
            j = i + 1
            while lines[j].strip() != "```":
                j += 1
            if line.strip() == "```" + lang:
                out.append((heading, lines[i + 1 : j]))
            i = j
        i += 1
    return out


def transcripts(block):
    """(command, expected output lines) pairs of a transcript block."""
    steps, command, expected = [], None, []
    lines = iter(block)
    for line in lines:
        if line.startswith("$ "):
            if command is not None:
                steps.append((command, expected))
            command = line[2:]
            while command.endswith("\\"):
                command = command[:-1] + " " + next(lines).strip()
            expected = []
        elif command is not None:
            expected.append(line)
    if command is not None:
        steps.append((command, expected))
    return steps


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/debug/registry-names")
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    work = tempfile.mkdtemp(prefix="readme-")
    bindir = os.path.join(work, ".bin")
    os.makedirs(bindir)
    os.symlink(binary, os.path.join(bindir, "registry-names"))
    # The files the scan section shows, by their language.
    for heading, block in blocks(readme, "dockerfile"):
        if "scan" in heading:
            open(os.path.join(work, "Dockerfile"), "w").write("\n".join(block) + "\n")
    for heading, block in blocks(readme, "yaml"):
        if "scan" in heading and "apiVersion" in block[0]:
            os.makedirs(os.path.join(work, "k8s"), exist_ok=True)
            open(os.path.join(work, "k8s", "app.yaml"), "w").write("\n".join(block) + "\n")
    text_blocks = [block for _, block in blocks(readme, "text")]
    # Files shown with `cat` are inputs of the commands after them.
    for block in text_blocks:
        for command, expected in transcripts(block):
            m = re.fullmatch(r"cat (\S+)", command)
            if m:
                path = os.path.join(work, m.group(1))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                open(path, "w").write("\n".join(expected) + "\n")
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], NO_COLOR="1")
    failures = checked = 0
    for block in text_blocks:
        status = 0
        for command, expected in transcripts(block):
            if not command.startswith(("registry-names", "printf", "head", "echo $?", "cat ")):
                continue
            if command == "echo $?":
                got = [str(status)]
            else:
                run = subprocess.run(
                    ["bash", "-o", "pipefail", "-c", command.replace("; echo $?", "")],
                    cwd=work, env=env, capture_output=True, text=True,
                )
                status = run.returncode
                got = (run.stdout + run.stderr).rstrip("\n").split("\n")
                if command.endswith("; echo $?"):
                    got.append(str(status))
            want = expected[:]
            while want and want[-1] == "":
                want.pop()
            if got == [""]:
                got = []
            checked += 1
            if got != want:
                failures += 1
                print(f"README: `{command}` printed:")
                print("\n".join("  " + line for line in got))
                print("but README shows:")
                print("\n".join("  " + line for line in want))
    print(f"{checked} README commands run, {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
