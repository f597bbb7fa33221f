/** The app: router, session, layout, pages. */
import { Layout } from './layout/Layout.tsx';
import { RouterProvider, Routes } from './router/router.tsx';
import { SessionProvider } from './session/session.tsx';
import { ROUTES } from './routes.tsx';

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Layout>
          <Routes routes={ROUTES} />
        </Layout>
      </SessionProvider>
    </RouterProvider>
  );
}
