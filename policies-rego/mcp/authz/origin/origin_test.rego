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
