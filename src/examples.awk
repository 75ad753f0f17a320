# Turn the bundled example tasks into C: examples_table[] of { name,
# text } for `pint --example NAME`. Run by make over examples/*.
BEGIN {
	print "/* Made by src/examples.awk from examples/: do not edit. */"
	print "#include \"examples.h\""
	print ""
	print "const struct example examples_table[] = {"
}
FNR == 1 {
	if (NR > 1)
		print "\t},"
	name = FILENAME
	sub(/.*\//, "", name)
	printf "\t{ \"%s\",\n", name
}
{
	gsub(/\\/, "\\\\")
	gsub(/"/, "\\\"")
	gsub(/\t/, "\\t")
	printf "\t    \"%s\\n\"\n", $0
}
END {
	if (NR > 0)
		print "\t},"
	print "\t{ 0, 0 }"
	print "};"
}
