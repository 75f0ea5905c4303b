export {
  ClusterSchemaCache,
  type OpenApiSchemaMap,
  type SchemaCacheOptions,
  schemaRequestCounts,
} from "./cache";
export {
  AGGREGATED_DISCOVERY_ACCEPT,
  type Discovery,
  type KindInfo,
  objectPath,
  openApiPathOf,
  parseDiscovery,
  splitApiVersion,
} from "./discovery";
