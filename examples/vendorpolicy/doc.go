// Command vendorpolicy shows that a policy kind of a vendor's own gets
// Envoy Gateway's policy attachment from package policy without any code of
// its own for it: targeting (targetRefs with sectionName, targetSelectors
// with namespace selectors and ReferenceGrants), precedence (a route rule
// beats its route, a route its listener, a listener its Gateway; among
// equals the oldest policy wins), conflicts, mergeType, status and explain.
//
//	go run ./examples/vendorpolicy
//	go run ./examples/vendorpolicy -f my.yaml -explain default/storefront -o json
//
// The vendor kind is RateShieldPolicy of group acme.example.com (see
// types.go). All it takes to plug it in is:
//
//   - a Go type whose spec embeds egv1a1.PolicyTargetReferences with
//     `json:",inline"`, implementing policy.Policy (PolicyTargets) and, to
//     take part in mergeType, policy.Mergeable (PolicyMergeType);
//   - a policy.Kind value naming the group, kind, plural and the kinds the
//     policy may target;
//   - the vendor's own validation, reported on an attachment with
//     Attachment.Invalid (or Attachment.MergeFailed for a merged policy
//     that does not validate on one listener).
//
// The program reads multi-document YAML (-f, default testdata/sample.yaml)
// holding Gateways, ListenerSets, HTTPRoutes, ReferenceGrants, Namespaces
// and RateShieldPolicies; other kinds are ignored with a note on standard
// error. It builds a policy.Topology with policy.TopologyFrom, resolves the
// policies oldest first (then by namespace and name, so the order of the
// documents does not matter), validates the vendor fields of every
// attachment, finishes the statuses and prints:
//
//   - status: every RateShieldPolicy, by namespace and name, with the
//     PolicyStatus the engine built (ancestors and their conditions);
//   - explain: for every rule of every HTTPRoute on every listener it is
//     attached to, which RateShieldPolicy is in effect, where each field
//     of the effective configuration comes from, and why every other
//     candidate lost. -explain namespace/name limits this to one route.
//
// -o text (the default) prints the statuses as YAML and the explanations
// as text; -o json prints both as one JSON object.
//
// A RateShieldPolicy is valid when requestsPerSecond is greater than 0,
// burst (when set) is not negative and mode (when set) is Enforce or
// DryRun. A route policy with a mergeType is validated after merging with
// the parent policy on each listener, so it may leave fields to its
// parent.
package main
