package v1alpha1

// Condition types and reasons that Envoy Gateway sets on policy ancestors
// besides Gateway API's Accepted.
const (
	// PolicyConditionOverridden says a more specific policy of the same kind
	// takes precedence for some of the policy's targets.
	PolicyConditionOverridden = "Overridden"
	// PolicyReasonOverridden is the reason of Overridden.
	PolicyReasonOverridden = "Overridden"
	// PolicyConditionMerged says the policy was merged with another one of
	// the same kind (mergeType).
	PolicyConditionMerged = "Merged"
	// PolicyReasonMerged is the reason of Merged.
	PolicyReasonMerged = "Merged"
	// PolicyConditionAggregated says the ancestor list was truncated to the
	// 16 the API allows.
	PolicyConditionAggregated = "Aggregated"
	// PolicyReasonAggregated is the reason of Aggregated.
	PolicyReasonAggregated = "Aggregated"
	// PolicyConditionWarning carries a non-fatal remark, such as the use of
	// a deprecated field.
	PolicyConditionWarning = "Warning"
	// PolicyReasonDeprecatedField is the Warning reason for deprecated
	// fields.
	PolicyReasonDeprecatedField = "DeprecatedField"
)
