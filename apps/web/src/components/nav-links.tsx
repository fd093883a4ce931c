'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** Fund navigation; marks the current section with aria-current (the only reason this is a client component). */
export function NavLinks({ base, items }: { base: string; items: { path: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <ul className="nav-links">
      {items.map((item) => {
        const href = `${base}${item.path}`;
        const current = item.path === '' ? pathname === base : pathname.startsWith(href);
        return (
          <li key={item.path}>
            <Link href={href} aria-current={current ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
