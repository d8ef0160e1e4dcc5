package mcp.authz.origin_test

import data.mcp.authz.origin

allowed(value) if {
	origin.allowed with input as {"request": {"origin": value}}
}

test_absent_or_empty_origin_is_allowed if {
	origin.allowed with input as {"request": {}}
	allowed("")
	allowed(null)
}

test_listed_origins_are_allowed if {
	allowed("https://app.example.com")
	allowed("HTTPS://APP.EXAMPLE.COM")
	allowed("http://localhost")
}

test_any_port_of_a_listed_origin_without_port if {
	allowed("http://localhost:5173")
	allowed("http://127.0.0.1:8080")
	allowed("http://[::1]:3000")
}

test_other_origins_are_denied if {
	not allowed("https://evil.example")
	not allowed("null")
	not allowed("https://app.example.com.evil.example")
	not allowed("http://app.example.com")
	not allowed("http://localhost:5173/path")
	not allowed("http://localhost@evil.example")
}

test_denied_origin_reason if {
	origin.reasons == {{
		"code": "origin_not_allowed",
		"message": `origin "https://evil.example" is not on the allow-list`,
	}} with input as {"request": {"origin": "https://evil.example"}}
}

test_allow_list_comes_from_data if {
	allowed("https://evil.example") with data.mcp.config.defaults.origins as ["https://evil.example"]
}

# The port rule as it was written with a regex, kept as the oracle of the string version.
regex_allowed(value) if {
	match := regex.find_all_string_submatch_n(
		`^(https?://(?:[^/:\[\]@]+|\[[0-9a-fA-F:.]+\]))(?::[0-9]{1,5})?$`,
		value,
		1,
	)
	lower(match[0][1]) in origin.allow_list
}

regex_allowed(value) if lower(value) in origin.allow_list

verdict(value) if allowed(value)

else := false

regex_verdict(value) if regex_allowed(value)

else := false

test_port_rule_agrees_with_the_regex if {
	cases := [
		"http://localhost:5173", "http://localhost:", "http://localhost:123456", "http://localhost:12a",
		"http://localhost:+80", "http://localhost: 80", "http://localhost:80:80", "http://localhost:1e3",
		"HTTP://localhost:80", "http://LOCALHOST:80", "https://app.example.com:443", "ftp://localhost:21",
		"http://[::1]:3000", "http://[::1]", "http://[::1]]:80", "http://[]:80", "http://[::1%25eth0]:80",
		"http://[::1]:", "http://[::1]x:80", "http://localhost@evil:80", "http://local/host:80",
		"http://:80", "http://[::1:80", "http://127.0.0.1:8080", "http://127.0.0.1:65536",
		"http://localhost:5173/", "https://app.example.com.evil.example:443", "null", "http://",
		"http://[::1]:99999", "http://[::1]:123456", "http://[0:0::1]:1",
	]
	mismatches := [c | some c in cases; verdict(c) != regex_verdict(c)]
	mismatches == []
	count([c | some c in cases; verdict(c)]) == 8
}
