package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// patchableResourceTypes are the xDS resource types a patch may address.
var patchableResourceTypes = []EnvoyResourceType{
	EnvoyResourceTypeListener,
	EnvoyResourceTypeRouteConfiguration,
	EnvoyResourceTypeCluster,
	EnvoyResourceTypeClusterLoadAssignment,
	EnvoyResourceTypeSecret,
}

// Validate checks the EnvoyPatchPolicy against the rules of its published
// schema: see the package documentation for what that covers. Whether each
// patch applies to the generated configuration is only known at translation.
func (e *EnvoyPatchPolicy) Validate() field.ErrorList {
	if e == nil {
		return nil
	}
	p := field.NewPath("spec")
	s := &e.Spec
	errs := requiredEnum(s.Type, p.Child("type"), EnvoyPatchTypeJSONPatch)
	for i, jp := range s.JSONPatches {
		errs = append(errs, validateEnvoyJSONPatch(jp, p.Child("jsonPatches").Index(i))...)
	}
	return append(errs, validatePolicyTargetRef(s.TargetRef, p.Child("targetRef"))...)
}

// validateEnvoyJSONPatch checks one patch: the resource it addresses and the
// operation.
func validateEnvoyJSONPatch(jp EnvoyJSONPatchConfig, p *field.Path) field.ErrorList {
	errs := requiredEnum(jp.Type, p.Child("type"), patchableResourceTypes...)
	errs = append(errs, required(jp.Name != "", p.Child("name"))...)
	return append(errs, validateJSONPatchOperation(jp.Operation, p.Child("operation"))...)
}
