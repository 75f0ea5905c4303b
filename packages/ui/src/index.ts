export { Avatar } from "./avatar";
export { Badge, RoleBadge } from "./badge";
export { Button } from "./button";
export { Card } from "./card";
export { EmptyState, ErrorNotice } from "./notices";
export { Switch } from "./switch";
