export { applyCommand, manifestButtons } from "./apply";
export { validateCommand } from "./validate";
