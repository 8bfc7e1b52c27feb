// Package policy is the policy attachment engine: given Gateway API resources
// and Envoy Gateway policies, it decides which policy applies to which
// Gateway, listener, route and rule, in what precedence and merged how, builds
// every policy's status, and explains each outcome.
//
// It is usable on its own, for instance to unit-test how a set of policies
// merges, and it is what package translator uses for every policy kind.
package policy
