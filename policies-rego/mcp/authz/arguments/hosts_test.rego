package mcp.authz.arguments_test

url(scheme, host) := {
	"valid": true, "scheme": scheme, "host": host, "port": null, "userinfo": false,
	"path": path("/x.zip"), "query": false, "fragment": false,
}

url_value(uri) := text(unparsed("not_sql"), invalid("not_absolute"), uri)

download_codes(uri) := codes(
	"filesystem", "download_file",
	{"url": "…", "path": "/srv/data/incoming/x.zip"},
	{"url": url_value(uri), "path": path_value("/srv/data/incoming/x.zip")},
)

test_urls_to_allowed_hosts if {
	download_codes(url("https", "downloads.example.com")) == set()
	download_codes(url("http", "downloads.example.com")) == set()
	download_codes(url("https", "raw.githubusercontent.com")) == set()
}

test_urls_to_other_hosts_or_unreadable_are_denied if {
	every uri in [
		url("https", "evil.example"),
		url("https", "downloads.example.com.evil.example"),
		url("https", "githubusercontent.com"),
		url("https", ""),
		url("ftp", "downloads.example.com"),
		url("file", ""),
		invalid("backslash"),
		invalid("non_ascii"),
		invalid("bad_host"),
		{"valid": true, "scheme": "https"},
		{},
	] {
		download_codes(uri) == {"host_not_allowed"}
	}
}

test_host_reason_names_the_problem if {
	evil := {"url": url_value(url("https", "evil.example"))}
	expected := concat("", [
		`argument "url" must be a ["http", "https"] URL to one of `,
		`["hooks.example.com", "*.ci.example.com"]: host not allowed`,
	])
	messages("github", "create_webhook", {"url": "…"}, evil) == {expected}
}

ssh_hook_codes(uri) := result if {
	spec := {"class": "update", "constraints": {"url": {"hosts": ["git.example.com"], "schemes": ["ssh"]}}}
	hook := {"url": url_value(uri)}
	patch := {"op": "replace", "path": "/github/tools/create_webhook", "value": spec}
	servers := json.patch(data.mcp.config.servers, [patch])
	result := codes("github", "create_webhook", {"url": "…"}, hook) with data.mcp.config.servers as servers
}

test_a_scheme_list_replaces_http_and_https if {
	ssh_hook_codes(url("ssh", "git.example.com")) == set()
	ssh_hook_codes(url("https", "git.example.com")) == {"host_not_allowed"}
}
