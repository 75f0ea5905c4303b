export * from "./clusters";
export * from "./errors";
export * from "./pods";
export * from "./roles";
export * from "./schemas";
export * from "./service";
export * from "./streams";
export * from "./tenancy";
