// Command foldorbits writes the case-fold orbits Go's encoding/json matches object keys by
// (foldName: every rune to the smallest of its unicode.SimpleFold orbit), one orbit a line,
// code points in hex. CaseFoldTest checks the PDP's folding against this file.
//
//	go run src/test/go/foldorbits/main.go > src/test/resources/go-fold-orbits.txt
package main

import (
	"fmt"
	"strings"
	"unicode"
)

func main() {
	fmt.Printf("# unicode.SimpleFold orbits, Unicode %s (%s)\n", unicode.Version, "go run src/test/go/foldorbits/main.go")
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.SimpleFold(r) == r || !smallestOfOrbit(r) {
			continue
		}
		orbit := []string{fmt.Sprintf("%04X", r)}
		for x := unicode.SimpleFold(r); x != r; x = unicode.SimpleFold(x) {
			orbit = append(orbit, fmt.Sprintf("%04X", x))
		}
		fmt.Println(strings.Join(orbit, " "))
	}
}

func smallestOfOrbit(r rune) bool {
	for x := unicode.SimpleFold(r); x != r; x = unicode.SimpleFold(x) {
		if x < r {
			return false
		}
	}
	return true
}
