<%@ page contentType="text/html;charset=UTF-8" session="false" %>
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Passgate sample app</title>
  <link rel="stylesheet" href="static/style.css">
</head>
<body>
<main>
  <h1>Passgate sample app</h1>
  <p>A plain servlet application. This page is public; the others need you to sign in.</p>
  <ul>
    <li><a href="profile">Sign in</a> and see your profile</li>
    <li><a href="admin">Admin page</a> (needs the <code>admin</code> role)</li>
    <li><a href="api/me">Your user as JSON</a> (answers 401 until you sign in)</li>
    <li><a href="logout">Sign out</a></li>
  </ul>
</main>
</body>
</html>
