import type { ApiObject } from 'cdk8s';

/** A step applied to an API object's final JSON. */
export type SerializeStep = (json: Record<string, unknown>) => Record<string, unknown>;

const STEPS = new WeakMap<ApiObject, SerializeStep[]>();

/**
 * Runs `step` on the object's JSON each time it is serialized, after cdk8s has resolved it and
 * applied its JSON patches.
 *
 * Why not a JSON patch: cdk8s-plus-28 has no projected service-account-token volume, and a
 * JSON patch cannot append to `volumes`, `volumeMounts` or `env` when the object may or may
 * not have them — which depends on what the user adds after binding. Merging into the final
 * JSON is order-independent and sees every container and volume, so that collisions with the
 * user's own volumes are found wherever they were added.
 */
export function afterSerialize(obj: ApiObject, step: SerializeStep): void {
  let steps = STEPS.get(obj);
  if (!steps) {
    const registered: SerializeStep[] = [];
    steps = registered;
    STEPS.set(obj, registered);
    const serialize = obj.toJson.bind(obj);
    obj.toJson = () => registered.reduce((json, s) => s(json), serialize() as Record<string, unknown>);
  }
  steps.push(step);
}
