package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Groups and kinds that backend references of extension services may name.
const (
	multiClusterGroup gwapiv1.Group = "multicluster.x-k8s.io"
	envoyGatewayGroup gwapiv1.Group = GroupName
	serviceImportKind gwapiv1.Kind  = "ServiceImport"
	backendKind       gwapiv1.Kind  = KindBackend
)

// Backend kinds and groups accepted by the extension services of policies
// (external authorization and processing).
var (
	extensionBackendKinds  = []gwapiv1.Kind{serviceKind, serviceImportKind, backendKind}
	extensionBackendGroups = []gwapiv1.Group{coreGroup, multiClusterGroup, envoyGatewayGroup}
)

// validateBackendCluster checks the backends of an extension service and the
// settings of the cluster Envoy builds for them. Rules that depend on the
// service (which references it accepts) are checked by its own validator.
func validateBackendCluster(bc *BackendCluster, p *field.Path) field.ErrorList {
	errs := validateBackendObjectRef(bc.BackendRef, p.Child("backendRef"))
	errs = append(errs, maxItems(len(bc.BackendRefs), p.Child("backendRefs"), 16)...)
	for i := range bc.BackendRefs {
		errs = append(errs, validateBackendRef(&bc.BackendRefs[i], p.Child("backendRefs").Index(i))...)
	}
	return append(errs, validateClusterSettings(bc.BackendSettings, p.Child("backendSettings"))...)
}

// validateBackendRef checks one weighted backend reference.
func validateBackendRef(r *BackendRef, p *field.Path) field.ErrorList {
	errs := optionalString(r.Group, p.Child("group"), groupFormat)
	errs = append(errs, optionalString(r.Kind, p.Child("kind"), kindFormat)...)
	errs = append(errs, requiredString(r.Name, p.Child("name"), objectNameFormat)...)
	errs = append(errs, optionalString(r.Namespace, p.Child("namespace"), namespaceFormat)...)
	errs = append(errs, optionalIntRange(r.Port, p.Child("port"), 1, 65535)...)
	errs = append(errs, optionalIntRange(r.Weight, p.Child("weight"), 0, 1000000)...)
	return append(errs, servicePort(r.Group, r.Kind, r.Port != nil, p)...)
}

// forbidSingleBackendRef checks that a service that only takes backendRefs
// does not use the older single backendRef.
func forbidSingleBackendRef(bc *BackendCluster, p *field.Path) field.ErrorList {
	if bc.BackendRef != nil {
		return field.ErrorList{field.Forbidden(p.Child("backendRef"), "is not supported here; use backendRefs")}
	}
	return nil
}

// requireBackend checks that a service names a backend, through backendRef
// or a non-empty backendRefs.
func requireBackend(bc *BackendCluster, p *field.Path) field.ErrorList {
	if bc.BackendRef == nil && len(bc.BackendRefs) == 0 {
		return field.ErrorList{field.Required(p.Child("backendRefs"), "at least one backend must be set")}
	}
	return nil
}

// backendRefKinds checks that every entry of backendRefs refers to one of
// kinds (an unset kind is a Service).
func backendRefKinds(bc *BackendCluster, p *field.Path, kinds []gwapiv1.Kind) field.ErrorList {
	var errs field.ErrorList
	for i, r := range bc.BackendRefs {
		if k := deref(r.Kind, serviceKind); !isOneOf(k, kinds...) {
			errs = append(errs, field.NotSupported(p.Child("backendRefs").Index(i).Child("kind"), k, kinds))
		}
	}
	return errs
}

// backendRefGroups checks that every entry of backendRefs refers to one of
// groups (an unset group is the core group).
func backendRefGroups(bc *BackendCluster, p *field.Path, groups []gwapiv1.Group) field.ErrorList {
	var errs field.ErrorList
	for i, r := range bc.BackendRefs {
		if g := deref(r.Group, coreGroup); !isOneOf(g, groups...) {
			errs = append(errs, field.NotSupported(p.Child("backendRefs").Index(i).Child("group"), g, groups))
		}
	}
	return errs
}
