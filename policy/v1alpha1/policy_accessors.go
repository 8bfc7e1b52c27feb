package v1alpha1

// PolicyTargets returns the policy's targetRef, targetRefs and
// targetSelectors.
func (p *ClientTrafficPolicy) PolicyTargets() PolicyTargetReferences {
	return p.Spec.PolicyTargetReferences
}

// PolicyTargets returns the policy's targetRef, targetRefs and
// targetSelectors.
func (p *BackendTrafficPolicy) PolicyTargets() PolicyTargetReferences {
	return p.Spec.PolicyTargetReferences
}

// PolicyTargets returns the policy's targetRef, targetRefs and
// targetSelectors.
func (p *SecurityPolicy) PolicyTargets() PolicyTargetReferences {
	return p.Spec.PolicyTargetReferences
}

// PolicyTargets returns the policy's targetRef, targetRefs and
// targetSelectors.
func (p *EnvoyExtensionPolicy) PolicyTargets() PolicyTargetReferences {
	return p.Spec.PolicyTargetReferences
}

// PolicyMergeType returns how the policy is combined with a policy of the
// same kind on a parent (Gateway, ListenerSet or listener); nil means it
// replaces it.
func (p *BackendTrafficPolicy) PolicyMergeType() *MergeType { return p.Spec.MergeType }

// PolicyMergeType returns how the policy is combined with a policy of the
// same kind on a parent (Gateway, ListenerSet or listener); nil means it
// replaces it.
func (p *SecurityPolicy) PolicyMergeType() *MergeType { return p.Spec.MergeType }

// PolicyMergeType returns how the policy is combined with a policy of the
// same kind on a parent (Gateway, ListenerSet or listener); nil means it
// replaces it.
func (p *EnvoyExtensionPolicy) PolicyMergeType() *MergeType { return p.Spec.MergeType }
