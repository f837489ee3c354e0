// Parses a GIFT file with gift-pegjs (the PEG grammar of Moodle's GIFT format) and
// prints the parsed questions as JSON, for tests/unit/test_export_formats.py.
const { parse } = require("gift-pegjs");
const fs = require("fs");
process.stdout.write(JSON.stringify(parse(fs.readFileSync(process.argv[2], "utf8"))));
