#!/bin/sh
# Rebuilds ratri-annotations-92f5c94.jar next to this script: the annotations jar as it was at commit
# 92f5c94, the last whose sh.ratri.Ratri calls the agent in number codes and positional arrays
# (Bridge.explicitEnter, currentId, note). OldAnnotationsJarIT runs it under the current agent.
# Its sources come from git history, compiled as the annotations module compiles them (--release 8);
# the fixed entry date keeps the jar the same from one build to the next. Needs git and JDK 17+.
set -eu
commit=92f5c94
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$(git -C "$here" rev-parse --show-toplevel)
git -C "$root" archive "$commit" annotations/src/main/java | tar -x -C "$work"
mkdir "$work/classes"
javac --release 8 -nowarn -d "$work/classes" $(find "$work/annotations/src/main/java" -name '*.java' | sort)
rm -f "$here/ratri-annotations-$commit.jar"
jar --create --date=2026-01-01T00:00:00Z --file "$here/ratri-annotations-$commit.jar" -C "$work/classes" .
