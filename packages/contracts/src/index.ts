export * from "./clusters";
export * from "./errors";
export * from "./roles";
export * from "./schemas";
export * from "./service";
export * from "./tenancy";
