export function Avatar({ name, url, size = 32 }: { name: string; url: string | null; size?: number }) {
  if (url) return <img className="cc-avatar" src={url} alt="" width={size} height={size} />;
  return (
    <span className="cc-avatar cc-avatar-initial" style={{ width: size, height: size }} aria-hidden>
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
