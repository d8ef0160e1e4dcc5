# Checks on the shipped configuration data. A typo in a key would silently drop a condition or
# a constraint, so unknown keys fail here; add a new key to the lists below with its rule.
package mcp.authz.config_test

import data.mcp.authz.config

classes := {"read", "query", "update", "admin"}

server_keys := {"description", "tenant", "fallback_class", "grants", "conditions", "tools", "resources", "prompts"}

entry_keys := {"class", "labels", "constraints", "required_scopes", "redact", "uri_prefix"}

condition_keys := {"zones", "mfa", "max_token_age_s", "clients", "time_window"}

constraint_keys := {"read_only_sql", "sql", "path_prefixes", "hosts", "schemes", "optional"}

sql_keys := {"statements", "functions", "tables"}

entries contains entry if {
	some server in config.servers
	some entry in object.get(server, "tools", {})
}

entries contains entry if {
	some server in config.servers
	some entry in object.get(server, "prompts", {})
}

entries contains entry if {
	some server in config.servers
	some entry in object.get(server, "resources", [])
}

condition_sets contains conditions if {
	some conditions in config.defaults.conditions
}

condition_sets contains conditions if {
	some conditions in config.defaults.label_conditions
}

condition_sets contains conditions if {
	some server in config.servers
	some conditions in object.get(server, "conditions", {})
}

grant_lists contains classes_granted if {
	some grants in array.concat([config.defaults.grants], [object.get(s, "grants", {}) | some s in config.servers])
	some principals in grants
	some classes_granted in principals
}

test_servers_use_known_keys if {
	every server in config.servers {
		object.keys(server) - server_keys == set()
	}
}

test_entries_have_a_valid_class_and_known_keys if {
	every entry in entries {
		entry.class in classes
		object.keys(entry) - entry_keys == set()
	}
}

test_fallback_classes_are_valid if {
	every server in config.servers {
		object.get(server, "fallback_class", "read") in classes
	}
}

test_grants_name_valid_classes if {
	every granted in grant_lists {
		{c | some c in granted} - classes == set()
	}
}

test_conditions_use_known_keys_and_zones if {
	every conditions in condition_sets {
		object.keys(conditions) - condition_keys == set()
		every zone in object.get(conditions, "zones", []) {
			config.defaults.zones[zone]
		}
	}
}

# Types matter as much as names: a string where a list belongs would quietly match nothing.
test_values_have_the_expected_types if {
	every entry in entries {
		is_string(entry.class)
		every key in {"labels", "required_scopes", "redact"} {
			is_array(object.get(entry, key, []))
		}
	}
	every conditions in condition_sets {
		every key in {"zones", "clients"} {
			is_array(object.get(conditions, key, []))
		}
		is_boolean(object.get(conditions, "mfa", false))
		is_number(object.get(conditions, "max_token_age_s", 0))
		valid_window(object.get(conditions, "time_window", {}))
	}
}

valid_window(window) if {
	is_object(window)
	every day in object.get(window, "days", []) {
		day in {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	}
	every key in {"from", "to"} {
		regex.match(`^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$`, object.get(window, key, "00:00"))
	}
}

test_constraints_use_known_keys if {
	every entry in entries {
		every spec in object.get(entry, "constraints", {}) {
			object.keys(spec) - constraint_keys == set()
			is_boolean(object.get(spec, "read_only_sql", false))
			is_boolean(object.get(spec, "optional", false))
			is_array(object.get(spec, "path_prefixes", []))
			is_array(object.get(spec, "hosts", []))
			is_array(object.get(spec, "schemes", []))
			valid_sql_lists(object.get(spec, "sql", {}))
		}
	}
}

test_query_tools_accept_read_only_sql_only if {
	every entry in entries {
		sql_guarded_unless_query(entry)
	}
}

sql_guarded_unless_query(entry) if entry.class != "query"

sql_guarded_unless_query(entry) if {
	some spec in entry.constraints
	spec.read_only_sql == true
}

sql_guarded_unless_query(entry) if {
	some spec in entry.constraints
	is_object(spec.sql)
}

# Allow-lists of SQL statement kinds and functions: lists of lower-case strings.
valid_sql_lists(lists) if {
	is_object(lists)
	object.keys(lists) - sql_keys == set()
	every names in lists {
		is_array(names)
		every name in names {
			is_string(name)
			name == lower(name)
		}
	}
}

test_shipped_read_only_sql_lists_are_valid if {
	valid_sql_lists(config.defaults.sql.read_only)
	"select" in config.defaults.sql.read_only.statements
	every kind in config.defaults.sql.read_only.statements {
		not kind in {"insert", "update", "delete", "merge", "select_into", "select_locking", "execute"}
	}
}

test_resource_prefixes_are_unique_and_not_empty if {
	every server in config.servers {
		prefixes := [r.uri_prefix | some r in object.get(server, "resources", [])]
		count(prefixes) == count({p | some p in prefixes})
		every prefix in prefixes {
			prefix != ""
		}
	}
}

test_default_zones_admit_local_tests if {
	{"127.0.0.0/8", "::1/128"} == {c | some c in config.defaults.zones.loopback}
	{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"} - {c | some c in config.defaults.zones.private} == set()
	config.defaults.conditions.all.zones == ["loopback", "private"]
}

test_demo_agent_is_allowed_where_clients_are_listed if {
	every conditions in condition_sets {
		"demo-agent" in object.get(conditions, "clients", ["demo-agent"])
	}
}
