export {
  type AccessEntry,
  type AccessInfo,
  accessInfo,
  accessMessage,
  type CredentialEntry,
  type LiveIngress,
  type LiveSecret,
  type LiveService,
} from "./access";
export {
  type ComponentCredentials,
  type ComponentUi,
  componentValues,
  installOrder,
  PRESETS,
  type Preset,
  type PresetComponent,
  presetByKey,
} from "./presets";
