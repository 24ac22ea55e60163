UPDATE posts SET status = 'draft';
